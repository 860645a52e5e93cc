/**
 * The default memory limit given to DuckDB: room for the machine (or the
 * container) and for Node, not DuckDB's own default of 80% of the RAM, which
 * ignores a container's limit and the Node process around it.
 *
 *   memory  = min(os.totalmem(), the cgroup limit when one is set)
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

/** cgroup v2, then v1; "max" or a v1 "unlimited" (near 2^63) is no limit. */
const CGROUP_FILES = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];

/** The cgroup limit in `text` (a cgroup file's content), or undefined when there is none. */
export function parseCgroupLimit(text: string): number | undefined {
  const value = Number(text.trim());
  // v1 writes "unlimited" as the largest page-aligned 64-bit number.
  return Number.isFinite(value) && value > 0 && value < 2 ** 60 ? value : undefined;
}

export function readMachineMemory(): MachineMemory {
  const totalBytes = totalmem();
  for (const file of CGROUP_FILES) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const cgroupBytes = parseCgroupLimit(text);
    return cgroupBytes === undefined ? { totalBytes } : { totalBytes, cgroupBytes };
  }
  return { totalBytes };
}
