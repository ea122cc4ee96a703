import { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/domain';
import { PersonalDataCipher } from '@app/domain/crypto/personal-data.cipher';

export const personalDataCipherProvider: Provider = {
  provide: PersonalDataCipher,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new PersonalDataCipher(config.PERSONAL_DATA_KEY),
};
