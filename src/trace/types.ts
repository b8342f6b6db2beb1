// The Trace types live in protocol/ (the webview may import only protocol/); re-exported here
// for the producers.
export * from '../protocol/trace';
