import { describe, expect, it } from 'vitest';
import {
  availableMemory,
  cgroupFiles,
  defaultMemoryLimit,
  duckdbMemoryLimit,
  parseCgroupLimit,
} from '../../src/warehouse/machine-memory.js';

const GB = 1e9;

describe('the default memory budget', () => {
  it('is 80% of the machine', () => {
    // 16 GB: 0.8 * 16 GB = 12.8 GB
    expect(defaultMemoryLimit({ totalBytes: 16 * GB })).toBe(12.8 * GB);
  });

  it('takes the cgroup limit when it is below the machine', () => {
    // 4 GB container on a 64 GB host: 0.8 * 4 GB = 3.2 GB
    expect(defaultMemoryLimit({ totalBytes: 64 * GB, cgroupBytes: 4 * GB })).toBe(3.2 * GB);
    expect(availableMemory({ totalBytes: 64 * GB, cgroupBytes: 4 * GB })).toBe(4 * GB);
  });

  it('ignores a cgroup limit above the machine', () => {
    // 8 GB machine, 100 GB cgroup: 0.8 * 8 GB = 6.4 GB
    expect(defaultMemoryLimit({ totalBytes: 8 * GB, cgroupBytes: 100 * GB })).toBe(6.4 * GB);
  });
});

describe("DuckDB's share of the budget", () => {
  it('is 75%: the rest is for Node and DuckDB memory outside its buffer pool', () => {
    // 2 GB budget: 0.75 * 2 GB = 1.5 GB for DuckDB's memory_limit
    expect(duckdbMemoryLimit(2 * GB)).toBe(1.5 * GB);
    // 100 MB, the smallest budget accepted: 75 MB, above the 64 MB DuckDB needs to read a CSV
    expect(duckdbMemoryLimit(100e6)).toBe(75e6);
  });
});

describe('cgroup limit files', () => {
  it.each([
    ['4294967296\n', 4294967296],
    ['max\n', undefined], // cgroup v2: no limit
    ['9223372036854771712\n', undefined], // cgroup v1: "unlimited"
    ['0\n', undefined],
    ['', undefined],
  ])('%j -> %s', (text, bytes) => {
    expect(parseCgroupLimit(text)).toBe(bytes);
  });
});

describe('where the cgroup limit is read', () => {
  it("reads v2's memory.max of the process's group and of each parent, then the root's and v1's", () => {
    expect(cgroupFiles('0::/user.slice/app.scope\n')).toEqual([
      '/sys/fs/cgroup/user.slice/app.scope/memory.max',
      '/sys/fs/cgroup/user.slice/memory.max',
      '/sys/fs/cgroup/memory.max',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes',
    ]);
  });

  it('reads only the root and v1 files in a container (group "/") or under cgroup v1', () => {
    const rootOnly = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];
    expect(cgroupFiles('0::/\n')).toEqual(rootOnly);
    expect(cgroupFiles('9:name=systemd:/\n4:memory:/docker/abc\n')).toEqual(rootOnly);
    expect(cgroupFiles('')).toEqual(rootOnly);
  });
});
