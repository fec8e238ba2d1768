/** The demo page: load a model, pick an image, see and download its mask. Wires the DOM only. */
import * as tf from '@tensorflow/tfjs';
import { resizeProbabilities, thresholdMask } from '@maskflow/preprocess';
import { BACKENDS, useBackend, type ActiveBackend, type BackendChoice } from './backends.js';
import { decodeImageFile } from './decodeImageFile.js';
import { DemoError, messageOf } from './errors.js';
import { artifactsFromFiles, artifactsFromUrl, type ModelSource } from './modelArtifacts.js';
import { modelInputSize } from './modelInputSize.js';
import { drawMask, drawOverlay } from './renderMask.js';
import { segment, warmUp } from './segment.js';
import './style.css';

const element = <T extends HTMLElement>(testId: string): T => document.querySelector<T>(`[data-testid=${testId}]`) as T;
const ui = {
  status: element<HTMLElement>('status'),
  modelInput: element<HTMLInputElement>('model-input'),
  modelInfo: element<HTMLElement>('model-info'),
  imageInput: element<HTMLInputElement>('image-input'),
  dropZone: element<HTMLElement>('drop-zone'),
  backendSelect: element<HTMLSelectElement>('backend-select'),
  backend: element<HTMLElement>('backend'),
  timing: element<HTMLElement>('timing'),
  threshold: element<HTMLInputElement>('threshold'),
  thresholdValue: element<HTMLElement>('threshold-value'),
  overlay: element<HTMLCanvasElement>('overlay-canvas'),
  mask: element<HTMLCanvasElement>('mask-canvas'),
  download: element<HTMLAnchorElement>('download-mask'),
};

/** Everything the page holds. The model lives on the current backend; a backend switch reloads it. */
const state: {
  backend?: ActiveBackend;
  source?: ModelSource;
  model?: tf.LayersModel;
  size?: [number, number];
  image?: { pixels: ImageData; name: string };
  /** The model's probabilities resized to the image: the slider only re-thresholds these. */
  upsampled?: Float32Array;
  downloadUrl?: string;
} = {};

function setStatus(text: string, kind: 'idle' | 'busy' | 'ready' | 'error'): void {
  ui.status.textContent = text;
  ui.status.dataset.state = kind;
  // Counts status changes, so a test can wait for the outcome of *its* action, not an older one.
  ui.status.dataset.changes = String(Number(ui.status.dataset.changes ?? 0) + 1);
}

/**
 * Every action runs through one queue, one at a time, so a backend switch never races a
 * prediction; any error ends as a message in the status line, never as an uncaught exception.
 */
let queue: Promise<void> = Promise.resolve();
function run(task: () => Promise<void>): void {
  queue = queue.then(task).catch((error: unknown) => setStatus(messageOf(error), 'error'));
}

async function startBackend(choice: BackendChoice): Promise<void> {
  setStatus(`Starting the ${choice} backend…`, 'busy');
  state.backend = await useBackend(choice);
  const skipped = state.backend.skipped.length === 0 ? '' : ` (skipped ${state.backend.skipped.join('; ')})`;
  ui.backend.textContent = `${state.backend.name}: ${state.backend.detail}${skipped}`;
  ui.backend.dataset.backend = state.backend.name;
}

/** Build the model from checked artifacts on the current backend, check its shape, warm it up. */
async function loadModel(source: ModelSource): Promise<void> {
  setStatus('Loading the model…', 'busy');
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(source.artifacts));
  } catch (error) {
    throw new DemoError(`The model could not be built from ${source.label} (${(error as Error).message}). Is it a model saved by maskflow train?`, { cause: error });
  }
  let size: [number, number];
  try {
    size = modelInputSize(model);
    await warmUp(model, size);
  } catch (error) {
    model.dispose();
    throw error;
  }
  state.model?.dispose();
  Object.assign(state, { model, size, source });
  ui.modelInfo.textContent = `${source.label}: input ${size[0]}×${size[1]}×3, ${model.countParams().toLocaleString('en')} parameters`;
  if (state.image) await predict();
  else setStatus('Model loaded. Pick or drop an image.', 'idle');
}

/** Re-threshold the kept probabilities, draw mask and overlay, refresh the download link. */
function redraw(): void {
  const { image, upsampled } = state;
  const threshold = Number(ui.threshold.value);
  ui.thresholdValue.textContent = threshold.toFixed(2);
  if (!image) return;
  const mask = upsampled === undefined ? undefined : thresholdMask(upsampled, threshold);
  drawOverlay(ui.overlay, image.pixels, mask);
  if (mask === undefined) return;
  drawMask(ui.mask, mask, image.pixels.width, image.pixels.height);
  ui.download.download = `${image.name.replace(/\.[^.]*$/, '')}_mask.png`;
  ui.mask.toBlob((blob) => {
    if (blob === null) return;
    if (state.downloadUrl) URL.revokeObjectURL(state.downloadUrl);
    state.downloadUrl = URL.createObjectURL(blob);
    ui.download.href = state.downloadUrl;
    ui.download.hidden = false;
  }, 'image/png');
}

async function predict(): Promise<void> {
  const { model, size, image } = state;
  if (!model || !size || !image) return;
  setStatus('Segmenting…', 'busy');
  const result = await segment(model, image.pixels, size);
  const t0 = performance.now();
  // Guided by the image itself, as `maskflow predict` does by default: the outline on the image's edges.
  state.upsampled = resizeProbabilities(result.probabilities, size, [image.pixels.height, image.pixels.width], 'guided', image.pixels);
  redraw();
  const maskMs = performance.now() - t0;
  ui.timing.textContent = `model ${result.modelMs.toFixed(1)} ms · preprocess ${result.preprocessMs.toFixed(1)} ms · mask ${maskMs.toFixed(1)} ms`;
  ui.timing.dataset.modelMs = result.modelMs.toFixed(3);
  // A counter tests (and scripts) can wait on: one more finished prediction.
  ui.timing.dataset.predictions = String(Number(ui.timing.dataset.predictions ?? 0) + 1);
  // Live tensors after the prediction: flat from one image to the next (nothing leaks).
  ui.timing.dataset.tensors = String(tf.memory().numTensors);
  setStatus('ready', 'ready');
}

async function loadImage(file: File): Promise<void> {
  setStatus(`Decoding ${file.name}…`, 'busy');
  const pixels = await decodeImageFile(file);
  Object.assign(state, { image: { pixels, name: file.name }, upsampled: undefined });
  redraw();
  if (state.model) await predict();
  else setStatus('Image loaded. Now load a model (model.json + weights.bin).', 'idle');
}

ui.modelInput.addEventListener('change', () => {
  const files = [...(ui.modelInput.files ?? [])];
  ui.modelInput.value = '';
  run(async () => loadModel(await artifactsFromFiles(files)));
});
ui.imageInput.addEventListener('change', () => {
  const file = ui.imageInput.files?.[0];
  ui.imageInput.value = '';
  if (file) run(() => loadImage(file));
});
ui.dropZone.addEventListener('dragover', (event) => event.preventDefault());
ui.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  const files = [...(event.dataTransfer?.files ?? [])];
  const isModel = files.some((f) => /\.(json|bin)$/i.test(f.name));
  const image = files[0];
  if (isModel) run(async () => loadModel(await artifactsFromFiles(files)));
  else if (image) run(() => loadImage(image));
});
ui.threshold.addEventListener('input', redraw);
ui.backendSelect.addEventListener('change', () => {
  const choice = ui.backendSelect.value as BackendChoice;
  run(async () => {
    await startBackend(choice);
    if (state.source) await loadModel(state.source);
  });
});

const params = new URLSearchParams(location.search);
const requested = params.get('backend') ?? 'auto';
const choice: BackendChoice = requested === 'auto' || (BACKENDS as readonly string[]).includes(requested) ? (requested as BackendChoice) : 'auto';
ui.backendSelect.value = choice;
const modelUrl = params.get('model');
run(async () => {
  await startBackend(choice);
  if (requested !== choice) throw new DemoError(`?backend=${requested} is not one of auto, ${BACKENDS.join(', ')}; using auto.`);
  if (modelUrl) await loadModel(await artifactsFromUrl(modelUrl));
  else setStatus('Load a model (model.json + weights.bin) and pick an image.', 'idle');
});
