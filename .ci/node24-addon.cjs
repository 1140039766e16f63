// Preloaded (NODE_OPTIONS=--require) into every process and worker thread of CI's Node 24 pass:
// loads better-sqlite3's addon built for Node 24 (QX_BETTER_SQLITE3_NODE, built by .ci/run in a
// cache outside the repository) instead of node_modules/better-sqlite3/build/Release, which stays
// the Node 20 build the rest of CI and everyone sharing node_modules use.
const addon = process.env.QX_BETTER_SQLITE3_NODE
const dlopen = process.dlopen
if (addon) {
  process.dlopen = function (module, filename, ...rest) {
    if (/[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/.test(filename)) filename = addon
    return dlopen.call(this, module, filename, ...rest)
  }
}
