/**
 * The memory budget of the process, and DuckDB's share of it.
 *
 * `--memory-limit` (or `warehouse: memory_limit`) is the budget of the whole
 * process, not only DuckDB's: DuckDB's `memory_limit` bounds its buffer pool,
 * but DuckDB also allocates outside it (hash tables' and windows' working
 * memory: measured +100–280 MB at 10M events, +500–600 MB at 50M), and Node
 * holds about 100 MB. So DuckDB gets 75% of the budget and the rest is left
 * for those (docs/SCALING.md#memory):
 *
 *   --memory-limit 2GB  -> DuckDB memory_limit 1.5 GB; measured peak RSS: 1.94 GB at 50M events, 2.31–2.39 GB at 200M
 *
 * Without a limit, the budget is 80% of the memory, where
 *   memory = min(os.totalmem(), the cgroup limit when one is set: see cgroupFiles)
 *
 *   25.3 GB machine       -> budget 20.2 GB, DuckDB 15.2 GB
 *   container limit 4 GB  -> budget 3.2 GB, DuckDB 2.4 GB
 *
 * (DuckDB's own default, 80% of the RAM for its buffer pool alone, ignores a
 * container's limit and everything around the pool.)
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

export interface MachineMemory {
  /** os.totalmem(). */
  totalBytes: number;
  /** The cgroup (container) memory limit, when one is set. */
  cgroupBytes?: number;
}

/** DuckDB's share of the budget; the rest covers Node and DuckDB's memory outside its buffer pool. */
export const DUCKDB_SHARE = 0.75;

/** The default budget's share of the machine's (or the container's) memory. */
export const DEFAULT_BUDGET_SHARE = 0.8;

/** The memory the process may use: the machine's, or its container's when smaller. */
export function availableMemory(machine: MachineMemory): number {
  const { totalBytes, cgroupBytes } = machine;
  return cgroupBytes !== undefined && cgroupBytes > 0 ? Math.min(totalBytes, cgroupBytes) : totalBytes;
}

/** The process's memory budget when neither --memory-limit nor the config set one. */
export function defaultMemoryLimit(machine: MachineMemory): number {
  return Math.floor(DEFAULT_BUDGET_SHARE * availableMemory(machine));
}

/** Bytes for DuckDB's memory_limit out of a process budget. */
export function duckdbMemoryLimit(budget: number): number {
  return Math.floor(DUCKDB_SHARE * budget);
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
