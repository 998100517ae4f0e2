// An independent client (npm "ws") against a FasterAPI echo endpoint. Usage:
//   node interop.mjs ws://127.0.0.1:PORT/echo deflate|plain
// Prints one line per check; exits 0 when every check passed.
import WebSocket from 'ws';

const [url, mode] = process.argv.slice(2);
const deflate = mode === 'deflate';
const ws = new WebSocket(url, {
  perMessageDeflate: deflate ? { threshold: 0, clientNoContextTakeover: false } : false,
  maxPayload: 64 * 1024 * 1024,
});

const fail = (why) => { console.log('FAIL ' + why); process.exit(1); };
setTimeout(() => fail('timed out'), 20000).unref();

const replies = [];
let waiting = null;
ws.on('message', (data, isBinary) => {
  replies.push({ data: Buffer.from(data), isBinary });
  if (waiting) { const w = waiting; waiting = null; w(); }
});
const next = () => new Promise((resolve) => {
  if (replies.length) resolve(replies.shift());
  else waiting = () => resolve(replies.shift());
});

ws.on('open', async () => {
  const negotiated = ws.extensions.includes('permessage-deflate');
  if (negotiated !== deflate) fail(`permessage-deflate negotiated=${negotiated}, wanted ${deflate}`);
  console.log('ok extensions "' + ws.extensions + '"');

  const big = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 9)) & 0xff;
  const cases = [
    ['small text', 'hello', false],
    ['unicode text', 'héllo wörld ✓ 𝄞', false],
    ['empty text', '', false],
    ['100 KB text', 'abcdefghij'.repeat(10240), false],
    ['binary 1 MiB', big, true],
  ];
  for (const [name, payload, binary] of cases) {
    ws.send(payload, { binary });
    const reply = await next();
    const expected = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
    if (reply.isBinary !== binary || !reply.data.equals(expected)) fail(name + ' echoed wrong');
    console.log('ok ' + name);
  }
  // A fragmented text message: the server reassembles it.
  ws.send('frag', { fin: false });
  ws.send('mented', { fin: true });
  const frag = await next();
  if (frag.data.toString() !== 'fragmented') fail('fragmented message echoed as ' + frag.data);
  console.log('ok fragmented');

  ws.ping(Buffer.from('are you there'));
  ws.once('pong', (data) => {
    if (data.toString() !== 'are you there') fail('pong payload ' + data);
    console.log('ok ping/pong');
    ws.close(1000, 'done');
  });
});
ws.on('close', (code) => {
  if (code !== 1000) fail('close code ' + code);
  console.log('ok close ' + code);
  process.exit(0);
});
ws.on('error', (e) => fail('error ' + e.message));
