import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/**
 * SDK clients, made once per process. Endpoints come from the standard AWS_ENDPOINT_URL_<SERVICE>
 * variables, which is how the local stack points the same code at its emulators.
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export const createSesClient = () => new SESv2Client({});
export const createSfnClient = () => new SFNClient({});
export const createEventBridgeClient = () => new EventBridgeClient({});
