// Bounds that torch.nn.init and the nn modules' reset_parameters() compute in Python doubles, so that
// modules can draw their initial weights with fillUniform/fillNormal in PyTorch's order.

/** `nn.init.calculate_gain(nonlinearity, param)`. Example: `calculateGain('leaky_relu', Math.sqrt(5)) // 0.5773502691896257` */
export function calculateGain(nonlinearity: string, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new RangeError(`Unsupported nonlinearity ${nonlinearity}`);
  }
}

/**
 * Bound b of `nn.init.kaiming_uniform_(w, a, mode='fan_in', nonlinearity='leaky_relu')`, which draws
 * U(-b, b); the default `a = sqrt(5)` is what nn.Linear uses (b = 1/sqrt(fanIn) up to rounding).
 * Example: `kaimingUniformBound(4) // 0.49999999999999994`
 */
export function kaimingUniformBound(fanIn: number, a: number = Math.sqrt(5), nonlinearity = 'leaky_relu'): number {
  if (fanIn <= 0) throw new RangeError('kaiming_uniform_ needs fan_in > 0');
  const std = calculateGain(nonlinearity, a) / Math.sqrt(fanIn);
  return Math.sqrt(3.0) * std;
}

/** Bound of nn.Linear's bias init, `1 / sqrt(fan_in)` (0 when fan_in is 0). Example: `linearBiasBound(4) // 0.5` */
export function linearBiasBound(fanIn: number): number {
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}

/** Bound of RNN/LSTM/GRU init: every parameter ~ U(-1/sqrt(hidden), 1/sqrt(hidden)). Example: `rnnInitBound(32)` */
export function rnnInitBound(hiddenSize: number): number {
  return hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
}

/** Bound of `nn.init.xavier_uniform_(w, gain)`: gain * sqrt(6 / (fan_in + fan_out)). Example: `xavierUniformBound(3, 5)` */
export function xavierUniformBound(fanIn: number, fanOut: number, gain = 1.0): number {
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return Math.sqrt(3.0) * std;
}
