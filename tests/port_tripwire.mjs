// tests/port_tripwire.mjs PORT LOG: listen on 127.0.0.1:PORT while the
// suite runs and record every connection in LOG (time and request line),
// answering 503.  Tests are hermetic: none may reach a port it did not
// open, and 8080 is the port `scripts/demo` and a default database's
// base URL use, so any line in LOG is a test that is not.  Prints
// "listening PORT" once bound (PORT 0: any free port); exits 3 when the
// port is taken.
import fs from 'node:fs';
import net from 'node:net';

const [port, log] = process.argv.slice(2);
if (!port || !log) {
  process.stderr.write('usage: node tests/port_tripwire.mjs PORT LOG\n');
  process.exit(2);
}
const srv = net.createServer((sock) => {
  let head = '';
  const note = () => {
    const line = head.split('\r\n')[0].slice(0, 200) || '(no request line)';
    fs.appendFileSync(log, `${new Date().toISOString()} ${line}\n`);
  };
  sock.setTimeout(2000, () => { note(); sock.destroy(); });
  sock.on('data', (d) => {
    head += d.toString('latin1');
    if (head.includes('\r\n') || head.length > 4096) {
      note();
      sock.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n' +
               'Content-Length: 0\r\n\r\n');
    }
  });
  sock.on('error', () => {});
});
srv.on('error', (e) => {
  process.stderr.write(`port ${port}: ${e.code}\n`);
  process.exit(3);
});
srv.listen(Number(port), '127.0.0.1',
           () => console.log(`listening ${srv.address().port}`));
process.on('SIGTERM', () => srv.close(() => process.exit(0)));
