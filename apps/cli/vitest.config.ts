import { nodeTestConfig } from '@ftheta/tooling/vitest';

export default nodeTestConfig({ testTimeout: 300_000 });
