import { browserTestConfig } from '@ftheta/tooling/vitest';

export default browserTestConfig();
