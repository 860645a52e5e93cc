/**
 * Solves A x = b exactly (up to floating point) by Gaussian elimination with
 * partial pivoting. Deterministic: the same matrix gives the same bits on
 * every run, unlike a simulated Markov chain.
 *
 *   [[2, -1], [0, 1]] x = [1, 1]  ->  x = [1, 1]
 */

export function solveLinear(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    }
    if (a[pivot]![col] === 0) throw new Error('singular matrix');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const top = a[col]!;
    for (let row = col + 1; row < n; row++) {
      const current = a[row]!;
      const factor = current[col]! / top[col]!;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) current[k]! -= factor * top[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const current = a[row]!;
    let sum = current[n]!;
    for (let k = row + 1; k < n; k++) sum -= current[k]! * x[k]!;
    x[row] = sum / current[row]!;
  }
  return x;
}
