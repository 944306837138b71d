import { nodeTestConfig } from '@ftheta/tooling/vitest';

export default nodeTestConfig();
