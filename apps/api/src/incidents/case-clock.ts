import { Injectable } from '@nestjs/common';

/** The time the case services act at; one provider so that tests can hold the clock (jest.spyOn(clock, 'now')). */
@Injectable()
export class CaseClock {
  now(): Date {
    return new Date();
  }
}
