/**
 * The default memory limit given to DuckDB: room for the machine (or the
 * container) and for Node, not DuckDB's own default of 80% of the RAM, which
 * ignores a container's limit and the Node process around it.
 *
 *   memory  = min(os.totalmem(), the cgroup limit when one is set: see cgroupFiles)
 *   default = max(75% of memory − 300 MB, 50% of memory)
 *
 *   25.3 GB machine       -> 18.7 GB
 *   container limit 4 GB  -> 2.7 GB
 *   container limit 1 GB  -> 500 MB (the floor: half of it)
 *
 * 300 MB is Node's own share (V8 heap, the DuckDB module, buffers), and the
 * 25% left over is the margin for what DuckDB allocates beyond its buffer
 * pool: its RSS passes the limit under heavy spilling (docs/SCALING.md#memory).
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

export interface MachineMemory {
  /** os.totalmem(). */
  totalBytes: number;
  /** The cgroup (container) memory limit, when one is set. */
  cgroupBytes?: number;
}

/** Node's share: V8's heap, the DuckDB module and buffers. */
export const NODE_RESERVE = 300e6;

/** The memory the process may use: the machine's, or its container's when smaller. */
export function availableMemory(machine: MachineMemory): number {
  const { totalBytes, cgroupBytes } = machine;
  return cgroupBytes !== undefined && cgroupBytes > 0 ? Math.min(totalBytes, cgroupBytes) : totalBytes;
}

/** Bytes for DuckDB's memory_limit when neither --memory-limit nor the config set one. */
export function defaultMemoryLimit(machine: MachineMemory): number {
  const memory = availableMemory(machine);
  return Math.floor(Math.max(0.75 * memory - NODE_RESERVE, 0.5 * memory));
}

/**
 * The cgroup files that may hold the process's memory limit: with cgroup v2,
 * `memory.max` of its own group (from /proc/self/cgroup, `0::/PATH`) and of
 * each parent up to the root (a systemd slice's MemoryMax sits on a
 * parent); then v1's `memory.limit_in_bytes`. The smallest limit found wins.
 *
 *   cgroupFiles('0::/user.slice/app.scope\n')
 *   -> ['/sys/fs/cgroup/user.slice/app.scope/memory.max', '/sys/fs/cgroup/user.slice/memory.max',
 *       '/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']
 */
export function cgroupFiles(procSelfCgroup: string): string[] {
  const own = /^0::(\/.*)$/m.exec(procSelfCgroup)?.[1] ?? '/';
  const files: string[] = [];
  for (let group = own.replace(/\/+$/, ''); group !== ''; group = group.slice(0, group.lastIndexOf('/'))) {
    files.push(`/sys/fs/cgroup${group}/memory.max`);
  }
  return [...files, '/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];
}

/** The cgroup limit in `text` (a cgroup file's content), or undefined when there is none. */
export function parseCgroupLimit(text: string): number | undefined {
  const value = Number(text.trim());
  // v2 writes "max" for none; v1 writes "unlimited" as the largest page-aligned 64-bit number.
  return Number.isFinite(value) && value > 0 && value < 2 ** 60 ? value : undefined;
}

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

export function readMachineMemory(): MachineMemory {
  const totalBytes = totalmem();
  const limits = cgroupFiles(readText('/proc/self/cgroup'))
    .map((file) => parseCgroupLimit(readText(file)))
    .filter((limit): limit is number => limit !== undefined);
  return limits.length === 0 ? { totalBytes } : { totalBytes, cgroupBytes: Math.min(...limits) };
}
