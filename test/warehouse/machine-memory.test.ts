import { describe, expect, it } from 'vitest';
import {
  availableMemory,
  cgroupFiles,
  defaultMemoryLimit,
  parseCgroupLimit,
} from '../../src/warehouse/machine-memory.js';

const GB = 1e9;

describe('the default memory limit', () => {
  it('is 75% of the machine minus 300 MB for Node', () => {
    // 16 GB: 0.75 * 16 GB - 0.3 GB = 11.7 GB (more than half, 8 GB)
    expect(defaultMemoryLimit({ totalBytes: 16 * GB })).toBe(11.7 * GB);
  });

  it('takes the cgroup limit when it is below the machine', () => {
    // 4 GB container on a 64 GB host: 0.75 * 4 - 0.3 = 2.7 GB
    expect(defaultMemoryLimit({ totalBytes: 64 * GB, cgroupBytes: 4 * GB })).toBe(2.7 * GB);
    expect(availableMemory({ totalBytes: 64 * GB, cgroupBytes: 4 * GB })).toBe(4 * GB);
  });

  it('ignores a cgroup limit above the machine', () => {
    // 8 GB machine, 100 GB cgroup: 0.75 * 8 - 0.3 = 5.7 GB
    expect(defaultMemoryLimit({ totalBytes: 8 * GB, cgroupBytes: 100 * GB })).toBe(5.7 * GB);
  });

  it('keeps half of a small machine when 75% minus 300 MB would leave less', () => {
    // 1 GB: 0.75 - 0.3 = 0.45 GB < 0.5 GB, so half: 500 MB
    expect(defaultMemoryLimit({ totalBytes: 1 * GB })).toBe(0.5 * GB);
    // 512 MB container: 0.384 - 0.3 = 84 MB < 256 MB, so 256 MB
    expect(defaultMemoryLimit({ totalBytes: 32 * GB, cgroupBytes: 512e6 })).toBe(256e6);
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
