import { Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';

export type OrgLevel = 'district' | 'street' | 'community' | 'grid';
export type CommunityKind = 'community' | 'village';

/**
 * One node of the organisation tree: district (区) → street/town (镇/街道) → community/village (社区/村) → grid (网格).
 * `streetId` and `districtId` are copied down from the ancestors when a unit is created (a unit never moves),
 * so scoping a query to one street is a single indexed comparison.
 */
@Entity('org_unit')
export class OrgUnit {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'parent_id', nullable: true })
  parentId: number | null;

  @ManyToOne(() => OrgUnit, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<OrgUnit> | null;

  @Column({ type: 'text' })
  level: OrgLevel;

  @Index({ unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** Only for level `community`: 社区 or 村. */
  @Column({ type: 'text', name: 'community_kind', nullable: true })
  communityKind: CommunityKind | null;

  @Column({ type: 'integer', name: 'district_id', nullable: true })
  districtId: number | null;

  @Column({ type: 'integer', name: 'street_id', nullable: true })
  streetId: number | null;

  @Column({ type: 'integer', name: 'community_id', nullable: true })
  communityId: number | null;

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
