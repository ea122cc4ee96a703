import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { FieldLabel } from '../../common/field-label.decorator';

export class SignInDto {
  @ApiProperty({ example: 'admin' })
  @FieldLabel('用户名')
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty()
  @FieldLabel('密码')
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}
