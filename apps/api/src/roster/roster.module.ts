import { Module } from '@nestjs/common';
import { personalDataCipherProvider } from './personal-data.provider';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';

@Module({ controllers: [WorkersController], providers: [WorkersService, personalDataCipherProvider], exports: [WorkersService] })
export class RosterModule {}
