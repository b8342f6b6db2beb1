// The package version, read from package.json at build time.
import pkg from '../../package.json';

/** e.g. `'0.1.0'` */
export const VERSION: string = pkg.version;
