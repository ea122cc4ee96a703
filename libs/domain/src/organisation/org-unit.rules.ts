import type { CommunityKind, OrgLevel } from './org-unit.entity';

export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  district: '区',
  street: '镇（街道）',
  community: '社区（村）',
  grid: '网格',
};

export const COMMUNITY_KIND_LABELS: Record<CommunityKind, string> = {
  community: '社区',
  village: '村',
};

/** The level a child of a unit of the given level must have; a grid has no children. */
export const CHILD_LEVEL: Record<OrgLevel, OrgLevel | null> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
};

export const ORG_CODE_PATTERN = /^[0-9A-Za-z_-]{2,32}$/;
