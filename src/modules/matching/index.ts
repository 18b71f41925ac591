/**
 * The matching module's face: the pages only. It reads the banks, consents and pairs (through their rules)
 * and writes nothing of theirs; its weights are an Organization column, saved through the settings face.
 */
export { matchingRouter } from './matching.routes.ts';
