import { nodeTestConfig } from '@ftheta/tooling/vitest';

export default nodeTestConfig({ testTimeout: 120_000 });
