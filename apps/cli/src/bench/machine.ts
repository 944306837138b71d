import os from 'node:os';

/** The machine a benchmark ran on (written into every bench JSON). */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  totalMemoryGiB: number;
  platform: string;
  arch: string;
  osRelease: string;
  node: string;
  /** 1-minute load average when the run started: these machines are shared and noisy. */
  loadAverage1m: number;
}

/** Describes this machine: `os.cpus()[0].model`, core count, memory, platform, Node version. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const total = os.totalmem();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryBytes: total,
    totalMemoryGiB: Math.round((total / 2 ** 30) * 10) / 10,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    node: process.version,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
