// Profiles one phase of a benchmark in-process (node:inspector), so the profile shows the measured
// work and not the setup. Writes a .cpuprofile (open it in Chrome DevTools) and returns its path.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function profilePhase(file, phase) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  let result;
  try {
    result = await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
  return result;
}
