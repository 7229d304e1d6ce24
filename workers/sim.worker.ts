/** The simulation worker: one comlink API, all of it delegated to SimRuntime. */
import * as Comlink from 'comlink';
import { quietLostDeviceRejections } from '../src/worker/gpu-rejections.ts';
import { SimRuntime } from '../src/worker/runtime.ts';

// First, so that a device lost while the runtime starts leaves no uncaught rejection behind.
quietLostDeviceRejections(self);
Comlink.expose(new SimRuntime());
