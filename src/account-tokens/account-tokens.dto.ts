import { ApiProperty, OmitType } from '@nestjs/swagger';
import { CreateAccountDto } from 'src/accounts/accounts.dto';

/** An invitation: the account gets no password; the mail's one-time link lets the person set it. */
export class InviteAccountDto extends OmitType(CreateAccountDto, ['password']) {}

export class LinkSentResponseDto {
  @ApiProperty({
    description: 'false when a link of this kind went out less than a minute ago: then no second mail is sent',
  })
  sent: boolean;
}
