import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditSearchService } from './audit-search.service';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditService } from './audit.service';

/** The audit trail: the global interceptor that records requests, the writer, and the search for admins. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditSearchService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
