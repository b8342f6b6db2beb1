// Public entry of the engine bundle. Filled in as the engine grows.
export {};
