// The subset of the WebAssembly JS API this package uses. TypeScript declares it only in its DOM
// and WebWorker libs, which would bring browser globals into a Node package.
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: BufferSource);
  }
  class Global {
    value: unknown;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  function compile(bytes: BufferSource): Promise<Module>;
  function instantiate(module: Module, imports?: Record<string, Record<string, unknown>>): Promise<Instance>;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
declare namespace WebAssembly {
  interface ModuleDescriptor { module: string; name: string; kind: string }
  namespace Module {
    function exports(module: Module): { name: string; kind: string }[];
    function imports(module: Module): ModuleDescriptor[];
  }
}
