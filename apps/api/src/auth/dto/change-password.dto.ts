import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { FieldLabel } from '../../common/field-label.decorator';

export class ChangePasswordDto {
  @ApiProperty()
  @FieldLabel('原密码')
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  oldPassword: string;

  @ApiProperty({ description: '至少8位，含大写字母、小写字母、数字、符号中的至少3类，不能是常见密码，不能包含用户名' })
  @FieldLabel('新密码')
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  newPassword: string;
}
