import Database from 'better-sqlite3'
const db = new Database(':memory:')
db.exec("create table r(id integer primary key, status text not null, v int); create table e(id integer primary key, rid int not null, x text); insert into r values (1,'submitted',0)")
const tx = db.transaction((st) => {
  const a = db.prepare("update r set status='approved' where id=1 and status=?").run(st)
  const b = db.prepare("insert into e(rid,x) values (case when changes()=1 then 1 else null end, 'ev')").run()
  const c = db.prepare("insert into e(rid,x) values (case when changes()=1 then 1 else null end, 'audit')").run()
  return [a.changes,b.changes,c.changes]
})
console.log(tx('submitted'))
try { console.log(tx('submitted')) } catch (e) { console.log('err', e.message) }
console.log(db.prepare('select * from e').all(), db.prepare('select * from r').all())
// insert on conflict do nothing
db.exec("create table g(id integer primary key, gid int unique)")
const tx2 = db.transaction(() => {
  db.prepare("insert into g(gid) values (5) on conflict(gid) do nothing").run()
  return db.prepare("insert into e(rid,x) values (case when changes()=1 then (select id from g where gid=5) else null end, 'new')").run().changes
})
console.log(tx2()); try { tx2() } catch (e) { console.log('err2', e.message) }
