import {environmentManager} from '@tanstack/query-core';

// query-core believes it runs on a server when there is no `window`: no polling, no retries.
environmentManager.setIsServer(() => false);
