/** The front door and the static assets. */
import { Hono } from 'hono'
import type { AppEnv } from '../deps.js'
import { Layout } from '../../views/layout.js'
import { APP_CSS } from '../../views/assets/app-css.js'
import { APP_JS } from '../../views/assets/app-js.js'

export const homePages = new Hono<AppEnv>()

homePages.get('/static/app.css', (c) => {
  c.header('Content-Type', 'text/css; charset=utf-8')
  c.header('Cache-Control', 'public, max-age=3600')
  return c.body(APP_CSS)
})

homePages.get('/static/app.js', (c) => {
  c.header('Content-Type', 'text/javascript; charset=utf-8')
  c.header('Cache-Control', 'public, max-age=3600')
  return c.body(APP_JS)
})

homePages.get('/', (c) =>
  c.html(
    <Layout title="首页" narrow>
      <h1>毕业去向登记与核验</h1>
      <div class="card">
        <h2>档案、户口接收部门</h2>
        <p>无需账号。输入毕业生姓名和转递编号或核验编号，或扫描登记信息表上的二维码。</p>
        <p>
          <a class="button" href="/verify">
            查询核验
          </a>
        </p>
      </div>
      <div class="card">
        <h2>毕业生</h2>
        <p>核对生源信息、登记毕业去向、确认登记信息、授权核验。</p>
        <p>
          <a class="button secondary" href="/me/login">
            毕业生登录
          </a>
        </p>
      </div>
      <div class="card">
        <h2>学校、院系</h2>
        <p>导入生源、审核登记、查看确认进度、生成转递编号和登记信息表。</p>
        <p>
          <a class="button secondary" href="/admin/login">
            学校、院系用户登录
          </a>
        </p>
      </div>
      <div class="card">
        <h2>用人单位</h2>
        <p>注册单位账号，经学校审核后搜索毕业生、发起线上签约邀请、下载电子就业协议书。</p>
        <p>
          <a class="button secondary" href="/employer/login">
            用人单位登录
          </a>{' '}
          <a href="/employer/register">注册</a>
        </p>
      </div>
    </Layout>,
  ),
)
