// Workers bundle only (wrangler.toml [alias]): `readable-stream` is a copy of Node's streams for
// old Node versions and browsers. Bundled for a Worker it takes its "browser" files, whose Stream
// base class is a bare EventEmitter — archiver's `instanceof Stream` then fails and exceljs
// cannot write a workbook. workerd has Node's streams itself (nodejs_compat): use those.
export * from 'node:stream'
import stream from 'node:stream'
export default stream
