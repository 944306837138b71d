/**
 * A LoRA update as a dense matrix, from PEFT's two factors: A [r, in] and B [out, r] (nn.Linear
 * layout, which PEFT keeps even for GPT-2's Conv1D layers). The update is s·B·A [out, in] for a
 * weight stored as nn.Linear, and its transpose s·Aᵀ·Bᵀ [in, out] for a Conv1D weight (GPT-2's
 * c_attn, c_proj, c_fc; PEFT's fan_in_fan_out), with s = alpha / r (alpha / √r with rsLoRA).
 */

/**
 * Whether the update must be transposed to fit a weight of `weightShape`: [in, out] is Conv1D
 * (transposed), [out, in] nn.Linear; when in = out both fit and `fanInFanOut` decides.
 * @throws Error naming `what` when the shapes do not fit.
 */
export function loraLayout(weightShape: readonly number[], aShape: readonly number[], bShape: readonly number[], fanInFanOut: boolean, what: string): { transposed: boolean } {
  const [r, inF] = aShape;
  const [outF, rB] = bShape;
  if (aShape.length !== 2 || bShape.length !== 2 || r !== rB) {
    throw new Error(`${what}: lora_A ${JSON.stringify(aShape)} and lora_B ${JSON.stringify(bShape)} are not [r, in] and [out, r]`);
  }
  const conv1d = weightShape.length === 2 && weightShape[0] === inF && weightShape[1] === outF;
  const linear = weightShape.length === 2 && weightShape[0] === outF && weightShape[1] === inF;
  if (!conv1d && !linear) {
    throw new Error(
      `${what}: the base weight ${JSON.stringify(weightShape)} fits neither [in, out] = [${inF}, ${outF}] (Conv1D) nor [out, in] = [${outF}, ${inF}] (nn.Linear) for lora_A ${JSON.stringify(aShape)}, lora_B ${JSON.stringify(bShape)}`,
    );
  }
  return { transposed: conv1d && linear ? fanInFanOut : conv1d };
}

/**
 * `weight` + s·ΔW (a new array; `weight` is unchanged), laid out as {@link loraLayout} says.
 * @throws Error naming `what` when the shapes do not fit.
 */
export function addLoraDelta(
  weight: Float32Array,
  weightShape: readonly number[],
  a: { data: Float32Array; shape: readonly number[] },
  b: { data: Float32Array; shape: readonly number[] },
  scaling: number,
  fanInFanOut: boolean,
  what: string,
): Float32Array {
  const { transposed } = loraLayout(weightShape, a.shape, b.shape, fanInFanOut, what);
  const [r, inF] = a.shape;
  const outF = b.shape[0];
  const out = Float32Array.from(weight);
  const A = a.data;
  const B = b.data;
  for (let o = 0; o < outF; o++) {
    for (let i = 0; i < inF; i++) {
      let acc = 0;
      for (let k = 0; k < r; k++) acc += B[o * r + k] * A[k * inF + i];
      out[transposed ? i * outF + o : o * inF + i] += scaling * acc;
    }
  }
  return out;
}
