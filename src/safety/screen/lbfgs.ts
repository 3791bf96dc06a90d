/**
 * Minimising a smooth convex function of many variables (the risk model's regularised log-loss) by
 * limited-memory BFGS with a backtracking line search. Written for this project: the problem is small
 * and convex, so a few dozen lines serve better than a numerical library, and the result is the same
 * on every machine (no randomness, a fixed number of iterations at most).
 */

/** L-BFGS (memory 10) with a backtracking line search; deterministic. */
export function minimise(
  f: (w: Float64Array, g: Float64Array) => number,
  dims: number,
  iterations: number,
): Float64Array {
  const memory = 10;
  let w = new Float64Array(dims);
  let g = new Float64Array(dims);
  let value = f(w, g);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(dims);
  const alphas = new Float64Array(memory);
  const dot = (a: Float64Array, b: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < dims; i++) sum += (a[i] as number) * (b[i] as number);
    return sum;
  };
  for (let iteration = 0; iteration < iterations; iteration++) {
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let m = steps.length - 1; m >= 0; m--) {
      const alpha = (rhos[m] as number) * dot(steps[m] as Float64Array, direction);
      alphas[m] = alpha;
      const y = changes[m] as Float64Array;
      for (let i = 0; i < dims; i++) direction[i] = (direction[i] as number) - alpha * (y[i] as number);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const y = changes[last] as Float64Array;
      const gamma = dot(steps[last] as Float64Array, y) / dot(y, y);
      for (let i = 0; i < dims; i++) direction[i] = (direction[i] as number) * gamma;
    } else {
      const norm = Math.sqrt(dot(g, g));
      for (let i = 0; i < dims; i++) direction[i] = (direction[i] as number) / Math.max(norm, 1);
    }
    for (let m = 0; m < steps.length; m++) {
      const beta = (rhos[m] as number) * dot(changes[m] as Float64Array, direction);
      const s = steps[m] as Float64Array;
      for (let i = 0; i < dims; i++)
        direction[i] = (direction[i] as number) + (s[i] as number) * ((alphas[m] as number) - beta);
    }
    for (let i = 0; i < dims; i++) direction[i] = -(direction[i] as number);
    const slope = dot(g, direction);
    if (!(slope < 0)) break;
    let step = 1;
    const candidate = new Float64Array(dims);
    const candidateGradient = new Float64Array(dims);
    let candidateValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < dims; i++) candidate[i] = (w[i] as number) + step * (direction[i] as number);
      candidateValue = f(candidate, candidateGradient);
      if (candidateValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(candidateValue < value)) break;
    const s = new Float64Array(dims);
    const y = new Float64Array(dims);
    for (let i = 0; i < dims; i++) {
      s[i] = (candidate[i] as number) - (w[i] as number);
      y[i] = (candidateGradient[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (steps.length === memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(s);
      changes.push(y);
      rhos.push(1 / sy);
    }
    const improvement = value - candidateValue;
    w = candidate;
    g = candidateGradient;
    value = candidateValue;
    if (improvement < 1e-9 * Math.max(1, Math.abs(value))) break;
  }
  return w;
}
