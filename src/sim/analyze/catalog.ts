// Istio's analyzer codes (pkg/config/analysis/msg/messages.yaml) and Gateway Lab's own analyzer checks.
import type { CodeInfo } from '../codes.ts';

export const ANALYZER_CODES: CodeInfo[] = [];
