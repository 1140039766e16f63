import { Layout } from './layout.js'

export function ErrorPage({ status, title, message }: { status: number; title: string; message: string }) {
  return (
    <Layout title={title} narrow>
      <h1>{title}</h1>
      <div class={`alert ${status >= 500 ? 'error' : 'warn'}`} role="alert">
        <p>{message}</p>
      </div>
      <p>
        <a href="/">返回首页</a>
      </p>
    </Layout>
  )
}
