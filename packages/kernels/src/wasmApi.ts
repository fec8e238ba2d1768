/**
 * The subset of the global WebAssembly JS API this package uses, typed here instead of through a
 * global declaration: TypeScript declares WebAssembly only in its DOM and WebWorker libs, and a
 * global declaration of ours would clash with them in a consumer that enables those libs.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
/** A compiled module (opaque; structured-cloneable to workers). */
export interface WasmModule {
  readonly __wasmModule?: never;
}
/** An instantiated module's exports. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
/** A wasm global (used for __stack_pointer and __heap_base). */
export interface WasmGlobal {
  value: number;
}

interface WasmNamespace {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: {
    new (bytes: ArrayBufferView): WasmModule;
    exports(module: WasmModule): { name: string; kind: string }[];
    imports(module: WasmModule): { module: string; name: string; kind: string }[];
  };
  compile(bytes: ArrayBufferView): Promise<WasmModule>;
  validate(bytes: ArrayBufferView): boolean;
  instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Promise<WasmInstance>;
}

/** globalThis.WebAssembly, typed. */
export const wasm = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
