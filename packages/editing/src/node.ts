/** @ftheta/editing for Node: everything of `.`, plus the on-disk key-statistics cache and edits.json. */
export * from './index';
export * from './files';
