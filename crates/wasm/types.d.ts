// ---- Errors ---------------------------------------------------------------

/** One failing field, by its path in the API's names (e.g. `conditions[0].value`). */
export interface ValidationIssue { field: string; message: string; }

/** Thrown by `validate`, `preview`, `previewMany` and `slaDueTimes` for bad input. */
export interface ValidationError extends Error { name: "ValidationError"; errors: ValidationIssue[]; }

export type ExpressionIssueKind =
  | "empty" | "unexpectedCharacter" | "unknownWord" | "expectedOperand" | "expectedOperator"
  | "unclosedParenthesis" | "unmatchedParenthesis" | "unknownCondition" | "unusedCondition"
  /** Nested past 32 levels of parentheses and NOT; `position` is where the 33rd opens. */
  | "tooDeep"
  /** `conditionCount` is over 500, what one set may hold. */
  | "tooManyConditions";

/** One problem in a logical expression; `position` is 1-based (null: about the whole). */
export interface ExpressionIssue { kind: ExpressionIssueKind; position: number | null; length: number; message: string; }

/** Thrown by `parseExpression`; `position` is the first problem's. */
export interface ExpressionError extends Error { name: "ExpressionError"; errors: ExpressionIssue[]; position: number | null; }

// ---- Inputs (accepted leniently, as the API does: aliases, numbers as strings) --

export type ObjectKind =
  | "emailAccount" | "routing" | "customRule" | "trigger" | "slaPolicy" | "workingTime"
  | "holiday" | "blockedSender" | "field" | "fieldMapping" | "autoAllocation";

export interface FieldOption { value: string; name: string; [key: string]: unknown; }
export interface Field {
  id: string; type: string; name: string; isSystemField?: boolean; isRequired?: boolean;
  defaultValue?: string; length?: number | null; options?: FieldOption[]; [key: string]: unknown;
}
export interface Agent { id: string; name: string; email?: string; departmentIds?: string[]; status: "online" | "away" | "offline" | string; }
export interface Department { id: string; name: string; }

/** What references are checked against; system fields when `fields` is absent. */
export interface ValidationContext { fields?: Field[]; agents?: Agent[]; departments?: Department[]; }

export interface Condition { fieldId: string; matchType: string; value?: string | number; [key: string]: unknown; }
export interface ConditionSet { when?: "all" | "any" | "logicalExpression"; logicExpression?: string; list?: Condition[]; }
export interface CustomRule {
  id?: string; name: string; isEnable?: boolean; conditions?: ConditionSet; routeToObject?: "department" | "agent";
  routeToId?: string | null; routeToPriority?: number | string; orderIndex?: number; [key: string]: unknown;
}
export interface RoutingConfig {
  isEnable?: boolean; type?: "simple" | "rules"; simpleRouteToObject?: "department" | "agent"; simpleRouteToId?: string | null;
  simpleRouteToPriority?: number | string; matchFailedToObject?: "department" | "agent"; matchFailedrouteToId?: string | null;
  matchFailedToPriority?: number | string; rules?: CustomRule[]; [key: string]: unknown;
}
export interface Trigger {
  id?: string; description: string; enable?: boolean; event: number | string; conditions?: Condition[];
  when?: "all" | "any" | "logicalExpression"; logicExpression?: string; setValue?: boolean;
  autoUpdate?: { fieldId: string; value: string }[]; sendEmail?: boolean; subject?: string; htmlText?: string;
  orderIndex?: number; [key: string]: unknown;
}
export interface SlaPolicy {
  id?: string; name?: string; enable?: boolean; firstRespondWithin?: number; nextRespondWithin?: number;
  resolveRespondWithin?: number; operationalHour?: "businessHours" | "calendarHours" | "calenderHours";
  conditions?: Condition[]; when?: "all" | "any" | "logicalExpression"; logicExpression?: string;
  orderIndex?: number; [key: string]: unknown;
}
export interface BusinessTime { isBusinessDay: boolean; openHour?: number; openMin?: number; closeHour?: number; closeMin?: number; }
export interface WorkingTime {
  timeZone: string; sundayBusinessTime?: BusinessTime; mondayBusinessTime?: BusinessTime; tuesdayBusinessTime?: BusinessTime;
  wednesdayBusinessTime?: BusinessTime; thursdayBusinessTime?: BusinessTime; fridayBusinessTime?: BusinessTime;
  saturdayBusinessTime?: BusinessTime;
}
export interface Holiday { id?: string; title: string; date: string; }
export interface BlockedSender { id?: string; email: string; blockType?: string; }
export interface AutoAllocationSetting { enable?: boolean; [key: string]: unknown; }

/** A settings snapshot: `GET …/export` (extra keys such as `emailAccounts` are ignored). */
export interface Settings {
  fields?: Field[]; agents?: Agent[]; departments?: Department[]; routing?: RoutingConfig; triggers?: Trigger[];
  slaPolicies?: SlaPolicy[]; workingTime?: WorkingTime; holidays?: Holiday[]; blockedSenders?: BlockedSender[];
  autoAllocation?: AutoAllocationSetting; [key: string]: unknown;
}

export interface AgentLoad {
  agentId: string; status?: "online" | "away" | "offline"; openConversations?: number; pendingExternal?: number;
  onHold?: number; lastAllocatedAt?: string;
}

/** A conversation: field values by field id, the event (1 = created), and "now". */
export interface Sample {
  fields?: Record<string, string | number | boolean | string[]>; event?: number | string;
  /** RFC 3339; the current time when absent. */
  at?: string; lastContactReplyTime?: string; agents?: AgentLoad[]; lastAssigneeId?: string; lastAllocatedAgentId?: string;
}

// ---- Outputs ----------------------------------------------------------------

export interface ParsedExpression { /** Canonical form, e.g. `1 AND (2 OR NOT 3)`. */ expression: string; }

export interface ConditionResult {
  number: number; fieldId: string; fieldName: string; matchType: string; expected: string; actual: string; matched: boolean;
}
export interface SetResult { when: string; expression?: string; matched: boolean; conditions: ConditionResult[]; problem?: string; }
export interface BlockedVerdict { senderEmail: string; verdict: "allowed" | "junk" | "rejected"; entry: BlockedSender | null; }
export interface Target { object: "department" | "agent"; id: string; name: string; }
export interface RuleResult { id: string; name: string; matched: boolean; conditions: SetResult; }
export interface RoutingResult {
  status: "disabled" | "notApplicable" | "simple" | "rule" | "fallback"; ruleId?: string; ruleName?: string;
  target?: Target; priority?: number; rules: RuleResult[];
}
export interface FieldUpdate { fieldId: string; fieldName: string; from: string; to: string; }
export interface Recipient { id: string; name: string; email: string; }
export interface Attachment { id: string; name: string; contentType: string; size: number; }
export interface EmailAction {
  subject: string; htmlText: string; plainText: string; toContact?: string; toAgents: Recipient[];
  attachment?: Attachment; showInConversationCorrespondences: boolean;
}
export interface TriggerResult {
  id: string; description: string; fired: boolean; conditions: SetResult; updates: FieldUpdate[]; email?: EmailAction;
}
export interface Due { hours: number; from?: string; due?: string; note?: string; }
export interface PolicyResult { id: string; name: string; matched: boolean; conditions: SetResult; }
export interface SlaResult {
  policyId?: string; policyName?: string; operationalHour?: string; firstResponse?: Due; nextResponse?: Due;
  resolution?: Due; policies: PolicyResult[];
}
export interface Candidate {
  agentId: string; name: string; status: string; load: number; capacity: number | null; eligible: boolean; reason: string;
}
export interface AllocationResult {
  status: "disabled" | "notApplicable" | "alreadyAssigned" | "allocated" | "nobodyEligible"; agentId?: string;
  agentName?: string; method?: string; departmentId?: string; reason: string; candidates: Candidate[];
}
export interface Outcome {
  event: number; blocked: BlockedVerdict; routing?: RoutingResult; triggers: TriggerResult[]; sla?: SlaResult;
  allocation?: AllocationResult; fields: Record<string, string | string[]>;
  /** What in the settings cannot work as written (a trigger on an unknown event, a time zone without rules); absent when none. */
  problems?: string[];
}
export interface Summary {
  total: number; junk: number; rejected: number; routedTo: Record<string, number>; routedBy: Record<string, number>;
  triggersFired: Record<string, number>; slaPolicies: Record<string, number>; allocatedTo: Record<string, number>;
}

// ---- Change impact (compareMany) ---------------------------------------------

/** One object standing in for its saved version (added when nothing saved has its id). */
export type DraftObject =
  | { kind: "customRule"; object: CustomRule } | { kind: "trigger"; object: Trigger }
  | { kind: "slaPolicy"; object: SlaPolicy } | { kind: "routing"; object: RoutingConfig }
  | { kind: "workingTime"; object: WorkingTime } | { kind: "holiday"; object: Holiday }
  | { kind: "blockedSender"; object: BlockedSender } | { kind: "autoAllocation"; object: AutoAllocationSetting }
  | { kind: "field"; object: Field };
/** A whole settings document, or one object. */
export type Draft = Settings | DraftObject;

export interface CompareOptions { /** Changed conversations to list, 0–1000 (100). */ limit?: number; }
export interface GenerateOptions {
  count: number; seed?: number; /** RFC 3339; this week's Monday 00:00 UTC when absent. */ start?: string;
  /** The draft the corpus is for: senders then come from both blocked lists, as `POST …/preview/impact` generates them. */
  draft?: Draft;
}

export type Aspect =
  | "blocked" | "routedTo" | "routedBy" | "priority" | "triggers" | "fieldUpdates" | "slaPolicy" | "dueTimes" | "allocatedTo";

/** What one conversation comes to; keys as in `Summary` (`department:ID`, a rule id or `fallback`, …). */
export interface Digest {
  blocked: "allowed" | "junk" | "rejected"; routedTo?: string; routedBy?: string; priority?: number;
  triggers: string[]; updates: Record<string, string>; slaPolicy?: string;
  /** First response, next response, resolution (RFC 3339 or null). */
  due: [string | null, string | null, string | null]; allocatedTo?: string;
}
/** `count` conversations went from `from` to `to` (absent: the summary counts nothing there). */
export interface Move { aspect: Aspect; from: string | null; to: string | null; count: number; }
export interface ChangedSample { index: number; changes: Aspect[]; before: Digest; after: Digest; }
export interface Impact {
  total: number; changed: number; counts: Partial<Record<Aspect, number>>; moves: Move[];
  triggersStarted: Record<string, number>; triggersStopped: Record<string, number>;
  samples: ChangedSample[]; limit: number;
}
