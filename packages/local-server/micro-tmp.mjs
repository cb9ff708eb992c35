import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

const dir = mkdtempSync(join(process.argv[2] ?? tmpdir(), 'micro-'));
function run(label, { ckpt, sidUnique, lastIndex }) {
  const db = new Database(join(dir, label + '.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${ckpt}`);
  db.exec(`CREATE TABLE channels (id INTEGER PRIMARY KEY, last_index INTEGER NOT NULL DEFAULT -1);
  CREATE TABLE members (channel_id INTEGER, identity TEXT, h INTEGER, PRIMARY KEY (channel_id, identity)) WITHOUT ROWID;
  CREATE TABLE messages (channel_id INTEGER NOT NULL, idx INTEGER NOT NULL, sid TEXT NOT NULL ${sidUnique ? 'UNIQUE' : ''}, client_id TEXT, author TEXT, body TEXT, attributes TEXT, date_created INTEGER, PRIMARY KEY (channel_id, idx), UNIQUE (channel_id, client_id)) WITHOUT ROWID;`);
  db.prepare('INSERT INTO channels (id) VALUES (1)').run();
  for (let i = 0; i < 100; i++) db.prepare('INSERT INTO members VALUES (1, ?, -1)').run(`u${i}`);
  const getLast = lastIndex
    ? db.prepare('SELECT last_index FROM channels WHERE id = 1')
    : db.prepare('SELECT coalesce(max(idx), -1) AS last_index FROM messages WHERE channel_id = 1');
  const ins = db.prepare('INSERT INTO messages VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
  const setLast = db.prepare('UPDATE channels SET last_index = ? WHERE id = 1');
  const setH = db.prepare("UPDATE members SET h = ? WHERE channel_id = 1 AND identity = 'u0'");
  const tx = db.transaction((i) => {
    const n = getLast.get().last_index + 1;
    ins.run(n, `IM${crypto.randomUUID()}`, `c${i}`, 'u0', 'b:1:12345.678', '{}', Date.now());
    if (lastIndex) setLast.run(n);
    setH.run(n);
  });
  const N = 20000;
  const t = performance.now();
  let worst = 0;
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    tx(i);
    worst = Math.max(worst, performance.now() - s);
  }
  console.log(
    label.padEnd(28),
    (((performance.now() - t) * 1000) / N).toFixed(1),
    'µs/tx; worst',
    worst.toFixed(1),
    'ms',
  );
  db.close();
}
run('ckpt1000 sidU lastIdx', { ckpt: 1000, sidUnique: true, lastIndex: true });
run('ckpt10000 sidU lastIdx', { ckpt: 10000, sidUnique: true, lastIndex: true });
run('ckpt1000 noSidU lastIdx', { ckpt: 1000, sidUnique: false, lastIndex: true });
run('ckpt1000 noSidU max()', { ckpt: 1000, sidUnique: false, lastIndex: false });
run('ckpt10000 noSidU max()', { ckpt: 10000, sidUnique: false, lastIndex: false });
