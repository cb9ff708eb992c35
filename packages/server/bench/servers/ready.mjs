// Shared by the benchmark's child servers: tells the parent the port, and answers its requests
// for CPU time used (so the parent can report CPU µs per request, which background load on the
// machine skews far less than req/s) and for a clean exit (so --cpu-prof can write its profile).
export function ready(server) {
  process.send({ port: server.address().port });
  process.on('message', (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (message === 'exit') process.exit(0);
  });
}
