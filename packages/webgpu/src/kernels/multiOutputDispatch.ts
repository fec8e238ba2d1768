/**
 * One compute dispatch that writes several output tensors. tfjs-backend-webgpu's runWebGPUProgram
 * binds exactly one output (`result`); Adam's update (x, m, v) and batch norm's [C] gradients
 * (four of them) would then take a dispatch per output, each re-reading the same inputs. This
 * records the dispatch into the backend's own command encoder and compute pass, exactly as
 * runWebGPUProgram's recordAndSubmit does (same submit batching, same deferred disposal of
 * buffers the queue still reads, same profiling timers), so it interleaves with stock kernels.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';
import { env } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

/** A uniform field as makeUniforms takes it (4-byte scalars here). */
export interface UniformField {
  type: 'float32' | 'int32' | 'uint32';
  data: number[];
}

/** WGSL compute shader with its own bindings: outputs at 0.., then inputs, then one uniform block. */
export interface MultiOutputShader {
  /** Pipeline cache key: one per distinct `code`. */
  key: string;
  /** Full WGSL source with entry point `main`. */
  code: string;
  dispatch: [number, number, number];
}

/**
 * The WebGPUBackend fields this file uses that tfjs-backend-webgpu 4.22.0 declares private (plain
 * properties at run time; `recordAndSubmit` in backend_webgpu.js uses them the same way).
 */
interface BackendInternals {
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  commandQueueOwnedIds: WeakSet<DataId>;
  dispatchCountInPass: number;
  activeTimers: { name: string; query: Promise<number> }[] | null | undefined;
  supportTimestampQuery: boolean;
  querySet: GPUQuerySet | null;
  querySetCount: number;
  makeUniforms(fields: UniformField[]): GPUBufferBinding;
}

/** Pipelines per device (a released backend's device takes its pipelines with it). */
const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, shader: MultiOutputShader): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (cache === undefined) {
    cache = new Map();
    pipelines.set(device, cache);
  }
  let pipeline = cache.get(shader.key);
  if (pipeline === undefined) {
    const module = device.createShaderModule({ code: shader.code, label: shader.key });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: shader.key });
    cache.set(shader.key, pipeline);
  }
  return pipeline;
}

/** [x, y, 1] workgroups covering `groups` when one dimension holds at most the device's limit. */
export function flatGroups(backend: WebGPUBackend, groups: number): [number, number, number] {
  const max = backend.device.limits.maxComputeWorkgroupsPerDimension;
  const x = Math.max(1, Math.min(groups, max));
  return [x, Math.max(1, Math.ceil(groups / x)), 1];
}

/**
 * Record `shader` with new float32 outputs of `outputShapes` and the given inputs; returns the
 * outputs (the caller owns them). Inputs must be float32 tensors of this backend.
 */
export function dispatchMultiOutput(backend: WebGPUBackend, shader: MultiOutputShader, name: string, inputs: TensorInfo[], outputShapes: number[][], uniforms: UniformField[]): TensorInfo[] {
  const internals = backend as unknown as BackendInternals;
  const outputs = outputShapes.map((shape) => backend.makeTensorInfo(shape, 'float32'));
  for (const t of [...outputs, ...inputs]) backend.uploadToGPU(t.dataId);
  const pipeline = pipelineFor(backend.device, shader);
  const entries: GPUBindGroupEntry[] = [...outputs, ...inputs].map((t, binding) => ({ binding, resource: { buffer: backend.tensorMap.get(t.dataId).resource as GPUBuffer } }));
  entries.push({ binding: entries.length, resource: internals.makeUniforms(uniforms) });
  // The queue reads these until the next submit: disposeData defers their release until then.
  for (const t of [...inputs, ...outputs]) internals.commandQueueOwnedIds.add(t.dataId);
  const bindGroup = backend.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });

  backend.ensureCommandEncoderReady();
  const timed = internals.activeTimers != null;
  if (timed && internals.supportTimestampQuery) {
    backend.endComputePassEncoder();
    internals.querySet ??= backend.device.createQuerySet({ type: 'timestamp', count: internals.querySetCount });
    internals.computePassEncoder = internals.commandEncoder!.beginComputePass({
      timestampWrites: { querySet: internals.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    });
  } else {
    internals.computePassEncoder ??= internals.commandEncoder!.beginComputePass({});
  }
  const pass = internals.computePassEncoder!;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...shader.dispatch);
  internals.dispatchCountInPass += 1;
  if (timed || (env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number) <= internals.dispatchCountInPass) {
    backend.endComputePassEncoder();
    if (timed) internals.activeTimers!.push({ name, query: backend.getQueryTime() });
    else backend.submitQueue();
  }
  return outputs;
}
