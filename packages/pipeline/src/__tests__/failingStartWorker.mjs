// A worker module that throws while it loads, as a worker whose native dependency cannot load
// does. Plain JavaScript, so the failure is this module's own and not a loader's.
throw new Error('libvips-cpp.so: cannot open shared object file');
