import type { BackendInfo } from '@ftheta/backend';
import type { MatmulCheck } from './matmul-check';

/** Human-readable view of {@link BackendInfo} and the matMul check, as aligned `key  value` lines. */
export function formatBackendInfo(info: BackendInfo, check: MatmulCheck): string {
  const yesNo = (v: boolean | null) => (v === null ? 'n/a' : v ? 'yes' : 'no');
  const kernels =
    info.kernels.length === 0
      ? ['none (stock tfjs kernels)']
      : info.kernels.map((k) => `${k.kernel} (${k.why === 'missing' ? 'missing in tfjs, filled' : 'slow in tfjs, replaced'})`);
  const rows: [string, string][] = [
    ['backend', info.name],
    ['environment', info.environment],
    ['simd', yesNo(info.simd)],
    ['threads', String(info.threads)],
    ['webgl version', info.webglVersion === null ? 'n/a' : String(info.webglVersion)],
    ['webgl renderer', info.webglRenderer ?? 'n/a'],
    ['float32 render', yesNo(info.float32Render)],
    ['tfjs-core', info.tfjsVersion],
    ...kernels.map((k, i): [string, string] => [i === 0 ? 'ftheta kernels' : '', k]),
    ['warnings', info.warnings.length === 0 ? 'none' : info.warnings.join('; ')],
    [
      'check',
      `${check.op} ${check.shape.join('x')} ${check.dtype} on ${check.backend}: ` +
        `max abs error ${check.maxAbsError.toExponential(2)} (${check.ok ? 'ok' : 'FAILED'}, tolerance ${check.tolerance.toExponential(1)}), ` +
        `${check.gflops} GFLOP/s (median of ${check.samples} samples, ${check.reps} runs)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
