// Small statistics and formatting helpers shared by the benchmarks.
import os from 'node:os';

/** Median of a list of numbers (mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The load average when this benchmark's process started (this module loads before any measuring).
const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));

/**
 * The machine a figure was measured on, with its load: `loadAverageAtStart` when the benchmark's
 * process started, `loadAverage` now (call it when the measuring is done). BENCHMARKS.md prints the
 * one-minute figures beside every figure that needs a quiet machine.
 */
export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverageAtStart: loadAtStart,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** Reads an integer knob from the environment. */
export function envInt(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}".`);
  return n;
}

/** Rounds to `digits` significant decimals for JSON output. */
export const round = (value, digits = 3) => Number(value.toFixed(digits));
