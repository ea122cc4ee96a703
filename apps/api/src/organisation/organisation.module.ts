import { Module } from '@nestjs/common';
import { DepartmentsController } from './departments.controller';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsService } from './org-units.service';

@Module({ controllers: [OrgUnitsController, DepartmentsController], providers: [OrgUnitsService], exports: [OrgUnitsService] })
export class OrganisationModule {}
