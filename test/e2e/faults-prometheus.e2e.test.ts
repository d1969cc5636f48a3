/** The dashboard fault matrix for Prometheus: the twelve fault kinds in one dashboard session (see fault-matrix.ts). */
import {defineFaultMatrix} from './fault-matrix.ts';

defineFaultMatrix('prometheus', 'Prometheus');
