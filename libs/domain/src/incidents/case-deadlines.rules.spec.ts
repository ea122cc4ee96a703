import { bundledWorkingDayCalendar } from '../working-days/working-day.bundled';
import {
  breachedLimits,
  CaseDeadlineView,
  caseLimitsProblems,
  computeHandlingDue,
  computeResponseDue,
  formatDue,
  isClosedOnTime,
  isOverdue,
  limitStatus,
  overdueLimits,
  overdueWorkingDays,
  supervisionNoticesToOpen,
} from './case-deadlines.rules';

const calendar = bundledWorkingDayCalendar();
const t = (iso: string) => new Date(iso);

/** Reported Friday 2024-09-27 10:00, accepted Monday 09-30 10:00; limits 1 / 2 working days. */
const base: CaseDeadlineView = {
  state: 'handling',
  responseDueAt: t('2024-09-30T00:00:00+08:00'),
  respondedAt: t('2024-09-29T10:00:00+08:00'),
  handlingDueAt: t('2024-10-10T00:00:00+08:00'),
  closedAt: null,
};

describe('case deadlines', () => {
  it('computes the response and handling dues on the working-day calendar', () => {
    const limits = { responseLimitWorkingDays: 1, handlingLimitWorkingDays: 2 };
    expect(computeResponseDue(t('2024-09-27T10:00:00+08:00'), limits, calendar)).toEqual(base.responseDueAt);
    expect(computeHandlingDue(t('2024-09-30T10:00:00+08:00'), limits, calendar)).toEqual(base.handlingDueAt);
    expect(formatDue(base.handlingDueAt as Date)).toBe('2024-10-09 24:00');
  });

  it('checks category limits', () => {
    expect(caseLimitsProblems({ responseLimitWorkingDays: 0, handlingLimitWorkingDays: 1 })).toEqual([]);
    expect(caseLimitsProblems({ responseLimitWorkingDays: 1.5, handlingLimitWorkingDays: 61 }).map((p) => p.message)).toEqual([
      '受理时限应为0到60之间的整数（工作日）',
      '办结时限应为1到60之间的整数（工作日）',
    ]);
  });

  describe('status of a limit', () => {
    it('is pending up to and including the due instant, overdue just after', () => {
      expect(limitStatus(base, 'handling', t('2024-10-05T12:00:00+08:00'))).toBe('pending');
      expect(limitStatus(base, 'handling', t('2024-10-10T00:00:00+08:00'))).toBe('pending');
      expect(limitStatus(base, 'handling', t('2024-10-10T00:00:01+08:00'))).toBe('overdue');
    });

    it('is met when closed by the due, met late after it, whatever the instant asked', () => {
      const onTime = { ...base, state: 'closed' as const, closedAt: t('2024-10-10T00:00:00+08:00') };
      const late = { ...base, state: 'closed' as const, closedAt: t('2024-10-10T08:00:00+08:00') };
      expect(limitStatus(onTime, 'handling', t('2025-01-01T00:00:00+08:00'))).toBe('met');
      expect(limitStatus(late, 'handling', t('2025-01-01T00:00:00+08:00'))).toBe('met_late');
      expect(isClosedOnTime(onTime)).toBe(true);
      expect(isClosedOnTime(late)).toBe(false);
      expect(isClosedOnTime(base)).toBeNull();
    });

    it('has no handling limit before acceptance and none for a refused case', () => {
      const reported = { ...base, state: 'reported' as const, respondedAt: null, handlingDueAt: null };
      expect(limitStatus(reported, 'handling', t('2024-10-20T00:00:00+08:00'))).toBe('not_started');
      expect(limitStatus(reported, 'response', t('2024-09-30T00:00:01+08:00'))).toBe('overdue');
      const rejected = { ...reported, state: 'rejected' as const, respondedAt: t('2024-09-28T00:00:00+08:00') };
      expect(limitStatus(rejected, 'handling', t('2024-10-20T00:00:00+08:00'))).toBe('not_applicable');
      expect(limitStatus(rejected, 'response', t('2024-10-20T00:00:00+08:00'))).toBe('met');
    });

    it('lists overdue and breached limits', () => {
      const lateAnswerStillOpen = { ...base, respondedAt: t('2024-09-30T09:00:00+08:00') };
      const at = t('2024-10-11T10:00:00+08:00');
      expect(overdueLimits(lateAnswerStillOpen, at)).toEqual(['handling']);
      expect(breachedLimits(lateAnswerStillOpen, at)).toEqual(['response', 'handling']);
      expect(isOverdue(lateAnswerStillOpen, at)).toBe(true);
      expect(isOverdue(base, t('2024-10-09T23:59:59+08:00'))).toBe(false);
    });

    it('treats a closed case without a handling due as not on time', () => {
      expect(isClosedOnTime({ closedAt: t('2024-10-01T00:00:00+08:00'), handlingDueAt: null })).toBe(false);
    });
  });

  describe('overdue working days', () => {
    const due = base.handlingDueAt as Date;
    it.each([
      ['2024-10-09T23:00:00+08:00', 0],
      ['2024-10-10T10:00:00+08:00', 1],
      ['2024-10-12T10:00:00+08:00', 3], // the 调休 Saturday counts
      ['2024-10-13T10:00:00+08:00', 3], // Sunday does not
      ['2024-10-14T10:00:00+08:00', 4],
    ])('at %s is %i', (at, n) => {
      expect(overdueWorkingDays(due, t(at), calendar)).toBe(n);
    });
  });

  describe('supervision (督办)', () => {
    const reported: CaseDeadlineView = { ...base, state: 'reported', respondedAt: null, handlingDueAt: null };

    it('opens nothing before a limit runs out, holiday included', () => {
      expect(supervisionNoticesToOpen(base, [], t('2024-10-05T12:00:00+08:00'))).toEqual([]);
      expect(supervisionNoticesToOpen(base, [], t('2024-10-10T00:00:00+08:00'))).toEqual([]);
    });

    it('opens one notice for a breached limit, with a Chinese message', () => {
      const at = t('2024-10-10T00:05:00+08:00');
      expect(supervisionNoticesToOpen(base, [], at)).toEqual([
        {
          limit: 'handling',
          dueAt: base.handlingDueAt,
          openedAt: at,
          message: '案件已超过办结时限（应于 2024-10-09 24:00 前办结），现予督办，请尽快办结',
        },
      ]);
    });

    it('never opens a second notice for the same limit, however often the sweep runs', () => {
      const at = t('2024-10-10T00:05:00+08:00');
      const existing = supervisionNoticesToOpen(base, [], at);
      for (const later of ['2024-10-10T01:00:00+08:00', '2024-10-15T00:00:00+08:00', '2024-12-31T00:00:00+08:00']) {
        expect(supervisionNoticesToOpen(base, existing, t(later))).toEqual([]);
      }
    });

    it('opens one notice per limit: response first, handling later', () => {
      const first = supervisionNoticesToOpen(reported, [], t('2024-09-30T08:00:00+08:00'));
      expect(first.map((n) => n.limit)).toEqual(['response']);
      expect(first[0].message).toBe('案件已超过受理时限（应于 2024-09-29 24:00 前受理），现予督办，请尽快受理');
      const acceptedLate = { ...base, respondedAt: t('2024-09-30T09:00:00+08:00') };
      expect(supervisionNoticesToOpen(acceptedLate, first, t('2024-10-09T12:00:00+08:00'))).toEqual([]);
      expect(supervisionNoticesToOpen(acceptedLate, first, t('2024-10-10T12:00:00+08:00')).map((n) => n.limit)).toEqual(['handling']);
    });

    it('opens both at once when the sweep finds both breached', () => {
      const both = { ...base, respondedAt: null, state: 'reported' as const };
      expect(supervisionNoticesToOpen(both, [], t('2024-10-11T00:00:00+08:00')).map((n) => n.limit)).toEqual(['response', 'handling']);
    });

    it('opens nothing for a limit met late between two sweeps, nor for closed or refused cases', () => {
      const closedLate = { ...base, state: 'closed' as const, closedAt: t('2024-10-11T00:00:00+08:00') };
      expect(supervisionNoticesToOpen(closedLate, [], t('2024-10-12T00:00:00+08:00'))).toEqual([]);
      const refused = { ...reported, state: 'rejected' as const, respondedAt: t('2024-09-29T10:00:00+08:00') };
      expect(supervisionNoticesToOpen(refused, [], t('2024-12-01T00:00:00+08:00'))).toEqual([]);
    });

    it('does not open a second handling notice after an extension runs out too', () => {
      const existing = supervisionNoticesToOpen(base, [], t('2024-10-10T00:05:00+08:00'));
      const extended = { ...base, handlingDueAt: calendar.extendDue(base.handlingDueAt as Date, 2) };
      expect(extended.handlingDueAt).toEqual(t('2024-10-12T00:00:00+08:00'));
      expect(isOverdue(extended, t('2024-10-14T00:00:00+08:00'))).toBe(true);
      expect(supervisionNoticesToOpen(extended, existing, t('2024-10-14T00:00:00+08:00'))).toEqual([]);
    });
  });
});
