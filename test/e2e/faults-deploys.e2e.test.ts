/** The dashboard fault matrix for the JSON deploy feed: the twelve fault kinds in one dashboard session (see fault-matrix.ts). */
import {defineFaultMatrix} from './fault-matrix.ts';

defineFaultMatrix('json', 'the JSON deploy feed');
