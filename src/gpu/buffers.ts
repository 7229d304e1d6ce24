/**
 * The GPU simulation's buffers (the table in shaders/common.wgsl), each labelled, sized from
 * layout.ts and made with the usages its passes and readbacks need. The caller wraps the creation
 * in error scopes and destroys `created` on failure and on dispose.
 */
import { MAX_TRACKED } from '../backend/backend.ts';
import { BYTES } from './layout.ts';

/** How much each buffer holds. */
export interface BufferSizes {
  readonly particleCount: number;
  /** Entries of `extraState`: one per ball when some group keeps a second state, else 1. */
  readonly extraEntries: number;
  readonly partialBytes: number;
  readonly sampleBytes: number;
}

export interface SimBuffers {
  readonly state: GPUBuffer;
  readonly extraState: GPUBuffer;
  readonly aux: GPUBuffer;
  /** What three.js draws: the one passed in (the view's), or one made here. */
  readonly balls: GPUBuffer;
  readonly stepParams: GPUBuffer;
  readonly statsParams: GPUBuffer;
  readonly partials: GPUBuffer;
  readonly samples: GPUBuffer;
  readonly trackedIndices: GPUBuffer;
  readonly tracked: GPUBuffer;
  /** One staging buffer, one mapAsync per stats(): partials, then samples, then the tracked balls. */
  readonly statsStaging: GPUBuffer;
  /** Byte offset of the tracked balls in statsStaging. */
  readonly trackedOffset: number;
  /** Every buffer made here. */
  readonly created: readonly GPUBuffer[];
}

export function createBuffers(device: GPUDevice, sizes: BufferSizes): SimBuffers {
  const { particleCount, extraEntries, partialBytes, sampleBytes } = sizes;
  const storage = GPUBufferUsage.STORAGE;
  const created: GPUBuffer[] = [];
  const buffer = (label: string, size: number, usage: number): GPUBuffer => {
    const made = device.createBuffer({ label: `slope ${label}`, size: Math.max(16, size), usage });
    created.push(made);
    return made;
  };
  const stateBuffer = buffer(
    'state (x, y, s0, s1)',
    particleCount * BYTES.state,
    storage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  );
  const extraStateBuffer = buffer(
    'extra state (s2, s3)',
    extraEntries * BYTES.extraState,
    storage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  );
  const auxBuffer = buffer(
    'aux (status + 256 calm, convergedAt)',
    particleCount * BYTES.aux,
    storage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  );
  // Drawn in place by three.js on the same device (render/shared-buffer.ts), which may also
  // write it (COPY_DST) the way it writes any attribute it owns.
  const ballBuffer = buffer(
    'balls (x, y, f, group + 8 status)',
    particleCount * BYTES.ball,
    storage | GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  );
  const stepParamsBuffer = buffer(
    'step params',
    BYTES.stepParams,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  );
  const statsParamsBuffer = buffer(
    'stats params',
    BYTES.statsParams,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  );
  const partialsBuffer = buffer('stats partials', partialBytes, storage | GPUBufferUsage.COPY_SRC);
  const samplesBuffer = buffer('stats samples', sampleBytes, storage | GPUBufferUsage.COPY_SRC);
  const trackedIndicesBuffer = buffer('tracked indices', MAX_TRACKED * 4, storage | GPUBufferUsage.COPY_DST);
  const trackedBuffer = buffer(
    'tracked balls',
    MAX_TRACKED * BYTES.tracked,
    storage | GPUBufferUsage.COPY_SRC,
  );
  const trackedOffset = partialBytes + sampleBytes;
  const statsStaging = buffer(
    'stats staging',
    trackedOffset + MAX_TRACKED * BYTES.tracked,
    GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  );

  return {
    state: stateBuffer,
    extraState: extraStateBuffer,
    aux: auxBuffer,
    balls: ballBuffer,
    stepParams: stepParamsBuffer,
    statsParams: statsParamsBuffer,
    partials: partialsBuffer,
    samples: samplesBuffer,
    trackedIndices: trackedIndicesBuffer,
    tracked: trackedBuffer,
    statsStaging,
    trackedOffset,
    created,
  };
}
