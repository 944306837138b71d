/**
 * `ftheta bench matmul`: float32 matMul GFLOP/s on tfjs cpu, stock tfjs wasm, wasm with ftheta's
 * kernels (one process, switched with setKernelFixes) and numpy as the native ceiling.
 */
import { initBackend, kernelFixesEnabled, setKernelFixes } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { uniformFloat32 } from '../../util/random';
import { matmulFlops, referenceMatmul } from '../../util/reference-matmul';
import { round } from '../../util/stats';
import { timingRecord } from '../measure';
import type { BenchContext, ScenarioReport } from '../scenario';
import type { BackendKey, CaseRecord } from './case-record';
import {
  aShape,
  bShape,
  FULL_CASES,
  FULL_CPU_METHOD,
  FULL_METHOD,
  type MatmulCase,
  outShape,
  QUICK_CASES,
  QUICK_CPU_METHOD,
  QUICK_METHOD,
} from './cases';
import { type NumpyMatmulRun, timeNumpyCases } from './numpy-matmul';
import { matmulSummary, REQUIRED_FTHETA_OVER_STOCK } from './summary';
import { TFJS_TARGETS, timeTfjsCase } from './tfjs-targets';

const gflops = (c: MatmulCase, seconds: number) => round(matmulFlops(c) / seconds / 1e9, 3);


/** Runs the matmul scenario and returns its report (summary first). */
export async function runMatmulBench(context: BenchContext): Promise<ScenarioReport> {
  const { quick, progress } = context;
  const cases = quick ? QUICK_CASES : FULL_CASES;
  const method = quick ? QUICK_METHOD : FULL_METHOD;
  const cpuMethod = quick ? QUICK_CPU_METHOD : FULL_CPU_METHOD;

  const info = await initBackend({ prefer: 'wasm', onWarning: (m) => progress(`warning: ${m}`) });
  const fixesBefore = kernelFixesEnabled();
  const tensorsAtStart = tf.memory().numTensors;
  const records: CaseRecord[] = [];
  try {
    for (const [index, c] of cases.entries()) {
      const a = uniformFloat32(c.batch * c.m * c.k, 2 * index + 1);
      const b = uniformFloat32(c.batch * c.k * c.n, 2 * index + 2);
      const inputs = { a, b, expected: referenceMatmul(a, b, c) };
      const record: CaseRecord = {
        id: c.id,
        group: c.group,
        ratios: { fthetaOverStock: null, fthetaOverNumpy: null, fthetaOverCpu: null },
        gflops: { wasmFtheta: null, wasmStock: null, cpu: null, numpy: null },
        shape: { a: aShape(c), b: bShape(c), transposeA: c.transposeA, transposeB: c.transposeB, out: outShape(c) },
        gflopPerOp: round(matmulFlops(c) / 1e9, 6),
        maxAbsErrorVsReference: {},
        // float32 accumulation over k terms of size <= 1: generous, still catches a wrong kernel.
        tolerance: 1e-5 * c.k,
        skipped: {},
        timing: {},
      };
      for (const target of TFJS_TARGETS) {
        if (target.id === 'cpu' && c.cpuSkip) {
          record.skipped.cpu = c.cpuSkip;
          continue;
        }
        const result = await timeTfjsCase(target, c, inputs, target.id === 'cpu' ? cpuMethod : method);
        record.gflops[target.id] = gflops(c, result.measurement.medianSec);
        record.timing[target.id] = timingRecord(result.measurement);
        record.maxAbsErrorVsReference[target.id] = result.maxAbsErrorVsReference;
        progress(`${c.id.padEnd(20)} ${target.label.padEnd(22)} ${record.gflops[target.id]} GFLOP/s`);
      }
      records.push(record);
    }
  } finally {
    setKernelFixes(fixesBefore);
    await tf.setBackend(info.name);
  }
  const tensorsAtEnd = tf.memory().numTensors;
  if (tensorsAtEnd !== tensorsAtStart) throw new Error(`matmul bench leaked ${tensorsAtEnd - tensorsAtStart} tensors`);

  progress(`numpy: timing ${cases.length} cases in a python child process`);
  const numpy = await timeNumpyCases(cases, method, (id) => progress(`${id.padEnd(20)} numpy`), quick ? 120_000 : 600_000);
  if (!numpy.ok) progress(`numpy: not measured (${numpy.reason})`);
  for (const [index, c] of cases.entries()) {
    const record = records[index];
    if (numpy.ok) {
      const m = numpy.results[c.id];
      record.gflops.numpy = gflops(c, m.medianSec);
      record.timing.numpy = timingRecord(m);
    } else {
      record.skipped.numpy = numpy.reason;
    }
    const g = record.gflops;
    const r = (other: BackendKey) => (g.wasmFtheta !== null && g[other] ? round(g.wasmFtheta / g[other]!, 2) : null);
    record.ratios = { fthetaOverStock: r('wasmStock'), fthetaOverNumpy: r('numpy'), fthetaOverCpu: r('cpu') };
  }

  const notes = buildNotes(cases, numpy, info.threads, quick);
  const summary = matmulSummary(records, notes);
  if (!summary.requirement.met) {
    progress(`warning: requirement not met: ${summary.requirement.rule} (worst ${summary.requirement.worstCase}: ${summary.requirement.worstRatio})`);
  }
  if (!summary.correct) progress('warning: a tfjs result differs from the float64 reference beyond its tolerance (see cases[].maxAbsErrorVsReference)');
  return {
    summary,
    versions: { numpy: numpy.ok ? numpy.info.numpy : null },
    backend: { name: info.name, simd: info.simd, threads: info.threads, kernels: info.kernels.map((k) => k.kernel) },
    numpy: numpy.ok
      ? { available: true, version: numpy.info.numpy, python: numpy.info.python, blas: numpy.info.blas, env: numpy.env }
      : { available: false, reason: numpy.reason, env: numpy.env },
    method: {
      description:
        'per case and path: warm up, size each sample to >= sampleSec of work from the last warm-up run, report the median per-op time over the samples (same code path in numpy); paths run one after another per case; inputs uniform in [-1,1), identical across tfjs paths',
      wasmAndNumpy: method,
      cpu: cpuMethod,
      requiredFthetaOverStock: REQUIRED_FTHETA_OVER_STOCK,
    },
    tensors: { atStart: tensorsAtStart, atEnd: tensorsAtEnd },
    cases: records,
  };
}

function buildNotes(cases: readonly MatmulCase[], numpy: NumpyMatmulRun, wasmThreads: number, quick: boolean): string[] {
  const notes: string[] = [];
  if (quick) notes.push('--quick run: fewer sizes and repetitions; use a full run for figures to quote');
  notes.push(`tfjs wasm runs ${wasmThreads} thread(s) in Node; tfjs cpu is single-threaded JavaScript`);
  if (numpy.ok) {
    const threads = numpy.info.blas.threads;
    notes.push(
      `numpy ${numpy.info.numpy} on ${numpy.info.blas.config ?? 'an unidentified BLAS'}` +
        `${threads ? ` with ${threads} BLAS thread(s)` : ''}, ${Object.keys(numpy.env.removed).join(' and ')} removed from its environment`,
    );
  } else {
    notes.push(`numpy not measured: ${numpy.reason}`);
  }
  for (const c of cases) if (c.cpuSkip) notes.push(`tfjs cpu not timed on ${c.id}: ${c.cpuSkip}`);
  return notes;
}
